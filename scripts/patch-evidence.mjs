console.log('patch placeholder')
